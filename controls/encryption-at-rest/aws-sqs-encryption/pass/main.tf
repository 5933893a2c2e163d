resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_sqs_queue" "payments" {
  name                              = "payments"
  kms_master_key_id                 = "alias/payments-queue"
  kms_data_key_reuse_period_seconds = 300
}
