resource "aws_eks_cluster" "listed" {
  name     = "listed"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  enabled_cluster_log_types = [
    "api", "audit", "authenticator", "controllerManager", "scheduler",
  ]

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

locals {
  control_plane_logs = ["scheduler", "controllerManager", "authenticator", "audit", "api"]
}

resource "aws_eks_cluster" "from_local" {
  name                      = "from-local"
  role_arn                  = "arn:aws:iam::123456789012:role/eks-cluster"
  enabled_cluster_log_types = local.control_plane_logs

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}
