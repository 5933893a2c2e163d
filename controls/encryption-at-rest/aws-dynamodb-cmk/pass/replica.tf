# a replica added to a table held elsewhere: kept apart, no template twin (a CloudFormation
# global table lists its replicas itself)
resource "aws_dynamodb_table_replica" "orders_ap" {
  global_table_arn = aws_dynamodb_table.orders.arn
  kms_key_arn      = "arn:aws:kms:ap-southeast-2:111122223333:key/1e2cb9f9-9421-498a-9c8a-01e9772b2924"
}
