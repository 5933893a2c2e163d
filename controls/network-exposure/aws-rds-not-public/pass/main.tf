variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_subnet_group" "private" {
  name       = "private"
  subnet_ids = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
}

resource "aws_db_instance" "orders" {
  identifier           = "orders"
  engine               = "postgres"
  instance_class       = "db.t4g.medium"
  allocated_storage    = 50
  username             = "orders"
  password             = var.db_password
  db_subnet_group_name = aws_db_subnet_group.private.name
  publicly_accessible  = false
  skip_final_snapshot  = true
}

# publicly_accessible left out: the provider's default is false
resource "aws_rds_cluster_instance" "catalog_writer" {
  identifier         = "catalog-writer"
  cluster_identifier = "catalog"
  engine             = "aurora-postgresql"
  instance_class     = "db.r6g.large"
}
