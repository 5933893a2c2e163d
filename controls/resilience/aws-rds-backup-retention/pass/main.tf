variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "orders" {
  identifier              = "orders"
  engine                  = "postgres"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 50
  username                = "orders"
  password                = var.db_password
  backup_retention_period = 14
  backup_window           = "02:00-03:00"
  skip_final_snapshot     = false
}

locals {
  retention = "35"
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier      = "catalog"
  engine                  = "aurora-postgresql"
  master_username         = "catalog"
  master_password         = var.db_password
  backup_retention_period = local.retention
}

# restored from a snapshot without a retention of its own: inherits the snapshot's, not checked
resource "aws_db_instance" "orders_restored" {
  identifier          = "orders-restored"
  snapshot_identifier = "orders-2024-06-01"
  instance_class      = "db.t4g.medium"
  skip_final_snapshot = true
}

resource "aws_neptune_cluster" "graph" {
  cluster_identifier      = "graph"
  engine                  = "neptune"
  backup_retention_period = 14
  preferred_backup_window = "02:00-03:00"
  skip_final_snapshot     = true
}
