resource "azurerm_container_registry" "shared" {
  name                = "acrshared"
  resource_group_name = "rg-registry"
  location            = "westeurope"
  sku                 = "Premium"
  admin_enabled       = true # fail: registry
}

