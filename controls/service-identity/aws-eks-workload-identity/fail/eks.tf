resource "aws_eks_cluster" "api" { # fail: cluster - pods can only use the node role
  name     = "api"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

# an add-on, but not the Pod Identity agent
resource "aws_eks_addon" "vpc_cni" {
  cluster_name = aws_eks_cluster.api.name
  addon_name   = "vpc-cni"
}
