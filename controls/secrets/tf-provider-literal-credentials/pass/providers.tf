provider "aws" {
  region = "eu-west-1"

  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/terraform"
  }
}

provider "aws" {
  alias                    = "legacy"
  region                   = "us-east-1"
  profile                  = "legacy"
  shared_credentials_files = ["~/.aws/credentials"]
}

provider "google" {
  project     = "acme-prod"
  credentials = "ci-service-account.json"
}

variable "github_token" {
  type      = string
  sensitive = true
}

provider "github" {
  owner = "acme"
  token = var.github_token
}

data "aws_eks_cluster_auth" "main" {
  name = "main"
}

provider "kubernetes" {
  host                   = "https://k8s.example.com"
  cluster_ca_certificate = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"
  token                  = data.aws_eks_cluster_auth.main.token
}
