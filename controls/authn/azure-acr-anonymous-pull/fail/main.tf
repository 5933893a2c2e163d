resource "azurerm_container_registry" "public" {
  name                   = "acrpublic"
  resource_group_name    = "rg-registry"
  location               = "westeurope"
  sku                    = "Standard"
  anonymous_pull_enabled = true # fail: registry
}

