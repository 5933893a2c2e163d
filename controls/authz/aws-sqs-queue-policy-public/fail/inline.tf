# a policy written on the queue itself, which CloudFormation has not: it writes an
# AWS::SQS::QueuePolicy (main.cfn.yaml)
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  policy = jsonencode({ # fail: queue-policy
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = ["*"] }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111122223333:jobs"
      Condition = { Bool = { "aws:SecureTransport" = "true" } }
    }]
  })
}
