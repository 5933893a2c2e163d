resource "aws_cloudtrail_event_data_store" "api_activity" {
  name             = "api-activity"
  retention_period = 90 # fail: event-data-store
}

variable "retention_days" {
  type = number
}

resource "aws_cloudtrail_event_data_store" "org" {
  name                 = "org-activity"
  organization_enabled = true
  retention_period     = var.retention_days # unknown: event-data-store
}
