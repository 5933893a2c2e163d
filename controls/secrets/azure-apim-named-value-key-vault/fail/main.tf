variable "billing_api_key" {
  type      = string
  sensitive = true
}

resource "azurerm_api_management_named_value" "billing_key" { # fail: named-value
  name                = "billing-api-key"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  display_name        = "billing-api-key"
  secret              = true
  value               = var.billing_api_key
}
