resource "aws_eks_cluster" "none" { # fail: cluster
  name     = "none"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

# The module default of terraform-aws-eks: the three security log types only.
resource "aws_eks_cluster" "security_only" {
  name                      = "security-only"
  role_arn                  = "arn:aws:iam::123456789012:role/eks-cluster"
  enabled_cluster_log_types = ["audit", "api", "authenticator"] # fail: cluster

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

variable "extra_log_types" {
  type = list(string)
}

resource "aws_eks_cluster" "from_variable" {
  name                      = "from-variable"
  role_arn                  = "arn:aws:iam::123456789012:role/eks-cluster"
  enabled_cluster_log_types = concat(["api", "audit", "authenticator"], var.extra_log_types) # unknown: cluster

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}
