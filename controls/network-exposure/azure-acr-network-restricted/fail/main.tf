resource "azurerm_container_registry" "open" { # fail: registry
  name                = "acropen"
  resource_group_name = "rg-registry"
  location            = "westeurope"
  sku                 = "Premium"
}

