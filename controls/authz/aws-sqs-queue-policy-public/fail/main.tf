resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy = jsonencode({ # fail: queue-policy
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = aws_sqs_queue.orders.arn
    }]
  })
}

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
