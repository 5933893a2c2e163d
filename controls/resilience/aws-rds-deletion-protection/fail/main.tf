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

resource "aws_rds_cluster" "catalog" {
  cluster_identifier  = "catalog"
  engine              = "aurora-postgresql"
  master_username     = "catalog"
  master_password     = var.db_password
  deletion_protection = false # fail: cluster
  skip_final_snapshot = true
}

resource "aws_neptune_cluster" "graph" { # fail: cluster
  cluster_identifier  = "graph"
  engine              = "neptune"
  skip_final_snapshot = true
}

variable "protect" {
  type = bool
}

resource "aws_docdb_cluster" "profiles" {
  cluster_identifier  = "profiles"
  engine              = "docdb"
  master_username     = "profiles"
  master_password     = var.db_password
  deletion_protection = var.protect # unknown: cluster
  skip_final_snapshot = true
}
