resource "azurerm_subnet" "app" { # fail: subnet
  name                 = "snet-app"
  resource_group_name  = "rg-network"
  virtual_network_name = "vnet-app"
  address_prefixes     = ["10.10.1.0/24"]
}
