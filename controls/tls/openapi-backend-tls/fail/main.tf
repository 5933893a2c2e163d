variable "backend_host" {
  default = "legacy.internal.example.com"
}

resource "aws_api_gateway_rest_api" "legacy" {
  name = "legacy"
  body = templatefile("${path.module}/legacy.yaml.tpl", { host = var.backend_host })
}
