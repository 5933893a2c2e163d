resource "random_password" "orders" {
  length  = 32
  special = false
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  engine_version      = "16.4"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders_admin"
  password            = random_password.orders.result # fail: db-instance - generated, but stored in state
  storage_encrypted   = true
  skip_final_snapshot = true
}

variable "ledger_master_password" {
  type      = string
  sensitive = true
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier = "ledger"
  engine             = "aurora-postgresql"
  master_username    = "ledger_admin"
  master_password    = var.ledger_master_password # fail: cluster
  storage_encrypted  = true
}

resource "aws_redshiftserverless_namespace" "analytics" {
  namespace_name      = "analytics"
  admin_username      = "admin"
  admin_user_password = random_password.orders.result # fail: redshift-serverless
}
