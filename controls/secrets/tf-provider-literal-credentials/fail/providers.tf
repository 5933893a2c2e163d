provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAIOSFODNN7EXAMPLE" # fail: provider
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

provider "github" {
  owner = "acme"
  token = "ghp_R2d2C3poBb8aXyZ0123456789abcdefGhIjK" # fail: provider
}

provider "azurerm" {
  features {}

  subscription_id = "00000000-0000-0000-0000-000000000000"
  tenant_id       = "11111111-1111-1111-1111-111111111111"
  client_id       = "22222222-2222-2222-2222-222222222222"
  client_secret   = "Qx8~pL2.vR5-sT9_uW1zY3aB6cD0eF4gH7jK" # fail: provider
}

locals {
  vault_token = "hvs.CAESIJlWh2Tz3Q9ExampleTokenValue0123"
}

provider "vault" {
  address = "https://vault.example.com:8200"
  token   = local.vault_token # fail: provider
}

provider "helm" {
  kubernetes {
    host     = "https://k8s.example.com"
    username = "admin"
    password = "kube-admin-pw" # fail: provider
  }
}

# from a variable: the variable is reported by tf-variable-secret-default, not the provider
variable "datadog_api_key" {
  type    = string
  default = "0123456789abcdef0123456789abcdef"
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = var.datadog_app_key
}

variable "datadog_app_key" {
  type      = string
  sensitive = true
}

# no credentials at all: not reported
provider "random" {}
