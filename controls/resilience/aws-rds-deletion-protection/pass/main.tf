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
  deletion_protection = true
}

# a read replica: its data is in its source, not checked
resource "aws_db_instance" "orders_replica" {
  identifier          = "orders-replica"
  replicate_source_db = aws_db_instance.orders.identifier
  instance_class      = "db.t4g.medium"
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier          = "catalog"
  engine                      = "aurora-mysql"
  master_username             = "catalog"
  manage_master_user_password = true
  deletion_protection         = true
}

resource "aws_neptune_cluster" "graph" {
  cluster_identifier  = "graph"
  engine              = "neptune"
  deletion_protection = true
}
