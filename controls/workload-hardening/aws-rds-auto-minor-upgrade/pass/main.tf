variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = var.db_password
  maintenance_window  = "sun:03:00-sun:04:00"
  skip_final_snapshot = true
}

resource "aws_rds_cluster_instance" "catalog" {
  identifier                 = "catalog-1"
  cluster_identifier         = "catalog"
  engine                     = "aurora-mysql"
  instance_class             = "db.r6g.large"
  auto_minor_version_upgrade = true
}
