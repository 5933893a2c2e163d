variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "orders" { # fail: database
  identifier                   = "orders"
  engine                       = "postgres"
  instance_class               = "db.r6g.large"
  allocated_storage            = 50
  username                     = "orders"
  password                     = var.db_password
  performance_insights_enabled = true
  skip_final_snapshot          = true
}

resource "aws_rds_cluster_instance" "catalog" { # fail: database
  identifier                   = "catalog-1"
  cluster_identifier           = "catalog"
  engine                       = "aurora-postgresql"
  instance_class               = "db.r6g.large"
  performance_insights_enabled = true
}
