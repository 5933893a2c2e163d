resource "aws_cloudtrail_event_data_store" "api_activity" {
  name             = "api-activity"
  retention_period = 400
}

# the default keeps events for 2557 days
resource "aws_cloudtrail_event_data_store" "org" {
  name                 = "org-activity"
  organization_enabled = true
}
