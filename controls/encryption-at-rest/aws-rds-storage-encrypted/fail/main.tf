resource "aws_db_instance" "orders" { # fail: instance
  identifier          = "orders"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = var.orders_db_password
  skip_final_snapshot = true
}

variable "orders_db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "reporting" {
  identifier          = "reporting"
  engine              = "mysql"
  engine_version      = "8.0"
  instance_class      = "db.t4g.small"
  allocated_storage   = 20
  username            = "reporting"
  password            = var.orders_db_password
  storage_encrypted   = false # fail: instance
  skip_final_snapshot = true
}

variable "encrypt_storage" {
  type    = bool
  default = false
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier  = "catalog"
  engine              = "aurora-postgresql"
  master_username     = "catalog"
  master_password     = var.orders_db_password
  storage_encrypted   = var.encrypt_storage # fail: cluster
  skip_final_snapshot = true
}

# provisioned Aurora cluster with storage_encrypted left out
resource "aws_rds_cluster" "sessions" { # fail: cluster
  cluster_identifier  = "sessions"
  engine              = "aurora-mysql"
  master_username     = "sessions"
  master_password     = var.orders_db_password
  skip_final_snapshot = true
}

variable "audit_db_encrypted" {
  type = bool
}

resource "aws_db_instance" "audit" {
  identifier          = "audit"
  engine              = "postgres"
  instance_class      = "db.t4g.small"
  allocated_storage   = 20
  username            = "audit"
  password            = var.orders_db_password
  storage_encrypted   = var.audit_db_encrypted # unknown: instance
  skip_final_snapshot = true
}

# read replicas take the encryption of their source: not checked
resource "aws_db_instance" "orders_replica" {
  identifier          = "orders-replica"
  replicate_source_db = aws_db_instance.orders.identifier
  instance_class      = "db.t4g.medium"
  skip_final_snapshot = true
}

resource "aws_rds_global_cluster" "payments" { # fail: global-cluster
  global_cluster_identifier = "payments"
  engine                    = "aurora-postgresql"
  engine_version            = "16.2"
}
