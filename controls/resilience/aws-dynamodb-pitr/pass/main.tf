# the table is in tables/, beside its CloudFormation twin
resource "aws_dynamodb_table_replica" "orders_us" {
  global_table_arn       = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
  point_in_time_recovery = true
}
