resource "azurerm_subnet" "app" {
  name                 = "snet-app"
  resource_group_name  = "rg-network"
  virtual_network_name = "vnet-app"
  address_prefixes     = ["10.10.1.0/24"]
}

resource "azurerm_network_security_group" "app" {
  name                = "nsg-app"
  location            = "westeurope"
  resource_group_name = "rg-network"
}

resource "azurerm_subnet_network_security_group_association" "app" {
  subnet_id                 = azurerm_subnet.app.id
  network_security_group_id = azurerm_network_security_group.app.id
}

# Azure refuses network security groups on the gateway subnet: not checked
resource "azurerm_subnet" "gateway" {
  name                 = "GatewaySubnet"
  resource_group_name  = "rg-network"
  virtual_network_name = "vnet-app"
  address_prefixes     = ["10.10.255.0/27"]
}
