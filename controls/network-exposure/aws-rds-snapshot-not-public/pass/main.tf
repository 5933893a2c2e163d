resource "aws_db_snapshot" "orders" {
  db_instance_identifier = "orders"
  db_snapshot_identifier = "orders-before-migration"
  shared_accounts        = ["444455556666"]
}

resource "aws_db_cluster_snapshot" "catalog" {
  db_cluster_identifier          = "catalog"
  db_cluster_snapshot_identifier = "catalog-2024-06"
}
