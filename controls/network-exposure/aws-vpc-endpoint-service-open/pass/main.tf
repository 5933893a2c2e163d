# every connection request is reviewed
resource "aws_vpc_endpoint_service" "api" {
  acceptance_required        = true
  network_load_balancer_arns = ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/api/0123456789abcdef"]
  allowed_principals         = ["*"]
}

# accepted automatically, but only from two accounts
resource "aws_vpc_endpoint_service" "reports" {
  acceptance_required        = false
  network_load_balancer_arns = ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/reports/0123456789abcdef"]
  allowed_principals         = ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"]
}

resource "aws_vpc_endpoint_service" "billing" {
  acceptance_required        = false
  network_load_balancer_arns = ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/billing/0123456789abcdef"]
}

resource "aws_vpc_endpoint_service_allowed_principal" "finance" {
  vpc_endpoint_service_id = aws_vpc_endpoint_service.billing.id
  principal_arn           = "arn:aws:iam::111122223333:role/finance"
}
