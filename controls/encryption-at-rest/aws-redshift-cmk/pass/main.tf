resource "aws_kms_key" "warehouse" {
  description         = "Redshift"
  enable_key_rotation = true
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = true
  kms_key_id             = aws_kms_key.warehouse.arn
}

resource "aws_redshiftserverless_namespace" "analytics" {
  namespace_name = "analytics"
  kms_key_id     = aws_kms_key.warehouse.arn
}
