variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "orders" { # fail: instance
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = var.db_password
  skip_final_snapshot = true
}

resource "aws_db_instance" "billing" {
  identifier                      = "billing"
  engine                          = "mysql"
  instance_class                  = "db.t4g.small"
  allocated_storage               = 20
  username                        = "billing"
  password                        = var.db_password
  enabled_cloudwatch_logs_exports = [] # fail: instance
  skip_final_snapshot             = true
}

variable "log_types" {
  type = list(string)
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier              = "catalog"
  engine                          = "aurora-postgresql"
  master_username                 = "catalog"
  master_password                 = var.db_password
  enabled_cloudwatch_logs_exports = var.log_types # unknown: cluster
  skip_final_snapshot             = true
}

resource "aws_rds_cluster" "sessions" { # fail: cluster
  cluster_identifier  = "sessions"
  engine              = "aurora-mysql"
  master_username     = "sessions"
  master_password     = var.db_password
  skip_final_snapshot = true
}
