# a policy written on the queue itself, which CloudFormation has not: it writes an
# AWS::SQS::QueuePolicy (main.cfn.yaml)
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/job-producer" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111122223333:jobs"
    }]
  })
}
