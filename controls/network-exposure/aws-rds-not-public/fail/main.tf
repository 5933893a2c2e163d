variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "analytics" {
  identifier          = "analytics"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 100
  username            = "analytics"
  password            = var.db_password
  publicly_accessible = true # fail: instance
  storage_encrypted   = true
  skip_final_snapshot = true
}

variable "expose_reader" {
  type    = bool
  default = true
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier  = "catalog"
  engine              = "aurora-postgresql"
  master_username     = "catalog"
  master_password     = var.db_password
  storage_encrypted   = true
  skip_final_snapshot = true
}

resource "aws_rds_cluster_instance" "catalog_reader" {
  identifier          = "catalog-reader"
  cluster_identifier  = aws_rds_cluster.catalog.id
  engine              = aws_rds_cluster.catalog.engine
  instance_class      = "db.r6g.large"
  publicly_accessible = var.expose_reader # fail: instance
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier        = "ledger"
  engine                    = "postgres"
  db_cluster_instance_class = "db.m6gd.large"
  storage_type              = "io1"
  allocated_storage         = 100
  iops                      = 1000
  master_username           = "ledger"
  master_password           = var.db_password
  storage_encrypted         = true
  skip_final_snapshot       = true
}

variable "staging_public" {
  type = bool
}

resource "aws_db_instance" "staging" {
  identifier          = "staging"
  engine              = "mysql"
  instance_class      = "db.t4g.small"
  allocated_storage   = 20
  username            = "staging"
  password            = var.db_password
  publicly_accessible = var.staging_public # unknown: instance
  skip_final_snapshot = true
}
