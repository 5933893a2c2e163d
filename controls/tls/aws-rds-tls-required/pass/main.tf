variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_parameter_group" "billing" {
  name   = "billing-mysql8"
  family = "mysql8.0"

  parameter {
    name  = "require_secure_transport"
    value = "ON"
  }
}

resource "aws_db_instance" "billing" {
  identifier           = "billing"
  engine               = "mysql"
  engine_version       = "8.0"
  instance_class       = "db.t4g.small"
  allocated_storage    = 20
  username             = "billing"
  password             = var.db_password
  parameter_group_name = aws_db_parameter_group.billing.name
  skip_final_snapshot  = true
}

# PostgreSQL 16 with its default parameter group: rds.force_ssl is 1
resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = var.db_password
  skip_final_snapshot = true
}

resource "aws_db_parameter_group" "ledger" {
  name   = "ledger-postgres16"
  family = "postgres16"

  parameter {
    name  = "log_connections"
    value = "1"
  }
}

resource "aws_db_instance" "ledger" {
  identifier           = "ledger"
  engine               = "postgres"
  engine_version       = "16.3"
  instance_class       = "db.t4g.medium"
  allocated_storage    = 50
  username             = "ledger"
  password             = var.db_password
  parameter_group_name = aws_db_parameter_group.ledger.name
  skip_final_snapshot  = true
}

resource "aws_rds_cluster_parameter_group" "catalog" {
  name   = "catalog-aurora-pg16"
  family = "aurora-postgresql16"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier              = "catalog"
  engine                          = "aurora-postgresql"
  master_username                 = "catalog"
  manage_master_user_password     = true
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.catalog.name
  skip_final_snapshot             = true
}

# Oracle: not checked here
resource "aws_db_instance" "erp" {
  identifier          = "erp"
  engine              = "oracle-se2"
  license_model       = "license-included"
  instance_class      = "db.m5.large"
  allocated_storage   = 100
  username            = "erpadmin"
  password            = var.db_password
  skip_final_snapshot = true
}
