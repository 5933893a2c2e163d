resource "azurerm_api_management" "closed" {
  name                = "contoso-closed"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Premium_1"

  sign_up {
    enabled = false

    terms_of_service {
      enabled          = false
      consent_required = false
    }
  }
}

# no classic developer portal settings in the Consumption tier: not checked
resource "azurerm_api_management" "consumption" {
  name                = "contoso-consumption"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Consumption_0"
}

