resource "aws_sns_topic" "orders" { # fail: topic
  name = "orders"
}
