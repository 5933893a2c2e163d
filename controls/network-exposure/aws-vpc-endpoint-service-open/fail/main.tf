resource "aws_vpc_endpoint_service" "api" {
  acceptance_required        = false
  network_load_balancer_arns = ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/api/0123456789abcdef"]
  allowed_principals         = ["*"] # fail: service
}

resource "aws_vpc_endpoint_service" "reports" { # fail: service
  acceptance_required        = false
  network_load_balancer_arns = ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/reports/0123456789abcdef"]
}

resource "aws_vpc_endpoint_service_allowed_principal" "everyone" {
  vpc_endpoint_service_id = aws_vpc_endpoint_service.reports.id
  principal_arn           = "*"
}

variable "consumers" {
  type = list(string)
}

resource "aws_vpc_endpoint_service" "billing" {
  acceptance_required        = false
  network_load_balancer_arns = ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/billing/0123456789abcdef"]
  allowed_principals         = var.consumers # unknown: service
}
