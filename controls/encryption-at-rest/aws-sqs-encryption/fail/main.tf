resource "aws_sqs_queue" "orders" {
  name                    = "orders"
  sqs_managed_sse_enabled = false # fail: queue
}

variable "sse" {
  type = bool
}

resource "aws_sqs_queue" "events" {
  name                    = "events"
  sqs_managed_sse_enabled = var.sse # unknown: queue
}
