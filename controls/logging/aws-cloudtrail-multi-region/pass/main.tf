resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = "acme-cloudtrail"
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
}

# data events only, for one region's buckets: not checked
resource "aws_cloudtrail" "s3_data_events" {
  name           = "s3-data-events"
  s3_bucket_name = "acme-cloudtrail"

  event_selector {
    read_write_type           = "All"
    include_management_events = false

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::acme-customer-data/"]
    }
  }
}

resource "aws_cloudtrail" "lambda_data_events" {
  name           = "lambda-data-events"
  s3_bucket_name = "acme-cloudtrail"

  advanced_event_selector {
    name = "Lambda invocations"

    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }

    field_selector {
      field  = "resources.type"
      equals = ["AWS::Lambda::Function"]
    }
  }
}
