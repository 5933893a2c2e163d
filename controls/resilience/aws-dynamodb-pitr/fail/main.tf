# the tables are in tables/, beside their CloudFormation twin
resource "aws_dynamodb_table_replica" "orders_us" { # fail: replica
  global_table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
}
