resource "azurerm_api_management" "silent" { # fail: service
  name                = "contoso-silent"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"
}

