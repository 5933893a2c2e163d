resource "aws_db_snapshot" "orders" {
  db_instance_identifier = "orders"
  db_snapshot_identifier = "orders-before-migration"
  shared_accounts        = ["all"] # fail: snapshot
}

variable "share_with" {
  type = list(string)
}

resource "aws_db_cluster_snapshot" "catalog" {
  db_cluster_identifier          = "catalog"
  db_cluster_snapshot_identifier = "catalog-2024-06"
  shared_accounts                = var.share_with # unknown: snapshot
}
