# neither setting: the public endpoint is on and open to 0.0.0.0/0
resource "aws_eks_cluster" "default" {
  name     = "default"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config { # fail: cluster
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

resource "aws_eks_cluster" "open" {
  name     = "open"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    endpoint_private_access = true
    endpoint_public_access  = true
    public_access_cidrs     = ["203.0.113.0/24", "0.0.0.0/0"] # fail: cluster
  }
}

variable "api_cidrs" {
  type = list(string)
}

resource "aws_eks_cluster" "from_variable" {
  name     = "from-variable"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids          = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    public_access_cidrs = var.api_cidrs # unknown: cluster
  }
}
