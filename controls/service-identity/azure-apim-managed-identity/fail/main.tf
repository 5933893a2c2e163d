resource "azurerm_api_management" "plain" { # fail: service
  name                = "contoso-plain"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"
}

