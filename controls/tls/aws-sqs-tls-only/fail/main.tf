resource "aws_sqs_queue" "orders" { # fail: queue
  name = "orders"
}

resource "aws_sqs_queue" "jobs" { # fail: queue - a policy without the TLS statement
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
