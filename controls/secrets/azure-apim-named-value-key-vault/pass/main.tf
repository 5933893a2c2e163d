resource "azurerm_api_management_named_value" "billing_key" {
  name                = "billing-api-key"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  display_name        = "billing-api-key"
  secret              = true

  value_from_key_vault {
    secret_id = "https://kv-api.vault.azure.net/secrets/billing-api-key"
  }
}

# not a secret: not checked
resource "azurerm_api_management_named_value" "region" {
  name                = "region"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  display_name        = "region"
  value               = "westeurope"
}
