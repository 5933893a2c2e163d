variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "orders" { # fail: instance
  identifier          = "orders"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = var.db_password
  skip_final_snapshot = true
}

resource "aws_db_instance" "billing" {
  identifier                          = "billing"
  engine                              = "mysql"
  instance_class                      = "db.t4g.small"
  allocated_storage                   = 20
  username                            = "billing"
  password                            = var.db_password
  iam_database_authentication_enabled = false # fail: instance
  skip_final_snapshot                 = true
}

variable "iam_auth" {
  type = bool
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier                  = "catalog"
  engine                              = "aurora-postgresql"
  master_username                     = "catalog"
  master_password                     = var.db_password
  iam_database_authentication_enabled = var.iam_auth # unknown: cluster
  skip_final_snapshot                 = true
}

resource "aws_rds_cluster" "sessions" { # fail: cluster
  cluster_identifier  = "sessions"
  engine              = "aurora-mysql"
  master_username     = "sessions"
  master_password     = var.db_password
  skip_final_snapshot = true
}
