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
  storage_encrypted   = true
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "catalog" { # fail: cluster
  cluster_identifier  = "catalog"
  engine              = "aurora-postgresql"
  master_username     = "catalog"
  master_password     = var.db_password
  storage_encrypted   = true
  skip_final_snapshot = true
}

resource "aws_db_instance_automated_backups_replication" "orders" { # fail: copy
  source_db_instance_arn = aws_db_instance.orders.arn
  retention_period       = 14
}
