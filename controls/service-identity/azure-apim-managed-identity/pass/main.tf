resource "azurerm_api_management" "system" {
  name                = "contoso-system"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_api_management" "user" {
  name                = "contoso-user"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Premium_1"

  identity {
    type         = "UserAssigned"
    identity_ids = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-api/providers/Microsoft.ManagedIdentity/userAssignedIdentities/apim"]
  }
}

