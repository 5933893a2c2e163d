variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "orders" {
  identifier                 = "orders"
  engine                     = "postgres"
  instance_class             = "db.t4g.medium"
  allocated_storage          = 50
  username                   = "orders"
  password                   = var.db_password
  auto_minor_version_upgrade = false # fail: database
  skip_final_snapshot        = true
}

variable "auto_upgrade" {
  type = bool
}

resource "aws_rds_cluster_instance" "catalog" {
  identifier                 = "catalog-1"
  cluster_identifier         = "catalog"
  engine                     = "aurora-mysql"
  instance_class             = "db.r6g.large"
  auto_minor_version_upgrade = var.auto_upgrade # unknown: database
}
