resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = "Orders-2024!" # fail: resource
  storage_encrypted   = true
  skip_final_snapshot = true
}

locals {
  catalog_master_password = "catalog-master-pw"
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier  = "catalog"
  engine              = "aurora-postgresql"
  master_username     = "catalog"
  master_password     = local.catalog_master_password # fail: resource
  storage_encrypted   = true
  skip_final_snapshot = true
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session store"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
  auth_token                 = "sessions-auth-token-0123456789" # fail: resource
  auth_token_update_strategy = "ROTATE"
}

# from a variable's default: reported on the variable by tf-variable-secret-default
variable "reporting_db_password" {
  type    = string
  default = "reporting-dev-password"
}

resource "aws_db_instance" "reporting" {
  identifier          = "reporting"
  engine              = "mysql"
  instance_class      = "db.t4g.small"
  allocated_storage   = 20
  username            = "reporting"
  password            = var.reporting_db_password
  skip_final_snapshot = true
}
