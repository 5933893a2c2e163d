# CloudFormation cannot copy a DB snapshot: this sample has no template twin
resource "aws_db_snapshot_copy" "orders_weekly" { # fail: copy
  source_db_snapshot_identifier = "arn:aws:rds:eu-west-1:111122223333:snapshot:orders-2024-06-01"
  target_db_snapshot_identifier = "orders-weekly"
}
