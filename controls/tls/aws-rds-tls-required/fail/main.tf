variable "db_password" {
  type      = string
  sensitive = true
}

# the default parameter group of PostgreSQL 14 accepts plaintext
resource "aws_db_instance" "orders" { # fail: instance
  identifier          = "orders"
  engine              = "postgres"
  engine_version      = "14.12"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = var.db_password
  skip_final_snapshot = true
}

resource "aws_db_parameter_group" "billing" {
  name   = "billing-mysql8"
  family = "mysql8.0"

  parameter {
    name  = "require_secure_transport"
    value = "0"
  }
}

resource "aws_db_instance" "billing" { # fail: instance
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

resource "aws_db_instance" "ledger" { # unknown: instance - a parameter group defined elsewhere
  identifier           = "ledger"
  engine               = "postgres"
  engine_version       = "16.3"
  instance_class       = "db.t4g.medium"
  allocated_storage    = 50
  username             = "ledger"
  password             = var.db_password
  parameter_group_name = "shared-postgres16"
  skip_final_snapshot  = true
}

resource "aws_rds_cluster" "catalog" { # fail: cluster
  cluster_identifier  = "catalog"
  engine              = "aurora-postgresql"
  master_username     = "catalog"
  master_password     = var.db_password
  skip_final_snapshot = true
}

resource "aws_db_parameter_group" "audit" {
  name   = "audit-postgres16"
  family = "postgres16"

  parameter {
    name  = "rds.force_ssl"
    value = "0"
  }
}

resource "aws_db_instance" "audit" { # fail: instance
  identifier           = "audit"
  engine               = "postgres"
  engine_version       = "16.3"
  instance_class       = "db.t4g.medium"
  allocated_storage    = 20
  username             = "audit"
  password             = var.db_password
  parameter_group_name = aws_db_parameter_group.audit.name
  skip_final_snapshot  = true
}
