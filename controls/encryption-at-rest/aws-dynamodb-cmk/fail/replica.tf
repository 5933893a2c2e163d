# a replica added to a table held elsewhere: kept apart, no template twin (a CloudFormation
# global table lists its replicas itself)
resource "aws_dynamodb_table_replica" "sessions_us" { # fail: replica
  global_table_arn = aws_dynamodb_table.sessions.arn
}
