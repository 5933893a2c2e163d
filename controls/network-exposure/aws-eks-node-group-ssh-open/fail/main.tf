resource "aws_eks_node_group" "workers" {
  cluster_name    = "main"
  node_group_name = "workers"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-node"
  subnet_ids      = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }

  remote_access { # fail: node-group
    ec2_ssh_key = "ops"
  }
}

variable "ssh_source_groups" {
  type = list(string)
}

resource "aws_eks_node_group" "batch" {
  cluster_name    = "main"
  node_group_name = "batch"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-node"
  subnet_ids      = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 0
  }

  remote_access {
    ec2_ssh_key               = "ops"
    source_security_group_ids = var.ssh_source_groups # unknown: node-group
  }
}

resource "aws_eks_node_group" "empty_list" {
  cluster_name    = "main"
  node_group_name = "empty-list"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-node"
  subnet_ids      = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  scaling_config {
    desired_size = 1
    max_size     = 1
    min_size     = 1
  }

  remote_access {
    ec2_ssh_key               = "ops"
    source_security_group_ids = [] # fail: node-group
  }
}
